package githubtest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// writePage serves one page of a list as GitHub does: per_page (default
// 30, at most 100) and page from the query, a Link header with prev, first,
// next and last (the request's other query parameters kept). endless
// always links a next page, as a listing that never ends would.
func writePage(w http.ResponseWriter, r *http.Request, all []map[string]any, endless bool) {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	per = min(per, 100)
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	last := max(1, (len(all)+per-1)/per)
	start := min((page-1)*per, len(all))
	end := min(start+per, len(all))
	link := func(pg int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("per_page", strconv.Itoa(per))
		v.Set("page", strconv.Itoa(pg))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: v.Encode()}
		return "<" + u.String() + ">"
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1)+`; rel="prev"`, link(1)+`; rel="first"`)
	}
	if endless {
		links = append(links, link(page+1)+`; rel="next"`, link(page+1000)+`; rel="last"`)
	} else if page < last {
		links = append(links, link(page+1)+`; rel="next"`, link(last)+`; rel="last"`)
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	out := all[start:end]
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, 200, out)
}
