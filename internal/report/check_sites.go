package report

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strconv"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// A site is one place a finding is reported at by the formats that take
// one entry per location (line, codeclimate, rdjson): editors, GitLab and
// reviewdog each put one mark on one line, so a finding seen in three
// places becomes three entries carrying the same message.
type site struct {
	// Path is the file, slash-separated, with the check's PathPrefix.
	Path string
	// Line is 1-based; a whole-file location is reported at line 1.
	Line int
	// Detail says what was seen there ("npm package kafkajs ^2.2.4");
	// details of the same file and line are joined with "; ".
	Detail string
	// Fingerprint identifies the finding at this location across runs:
	// see siteFingerprint.
	Fingerprint string
	// Anchored is true when the finding has no evidence of its own and is
	// reported at the profile key or manifest that decided it.
	Anchored bool
}

// sites returns where a finding is reported: each distinct file:line of
// its evidence, in the rule's order, or, for a finding about the whole
// repository, one anchor (see anchor).
func (c *Check) sites(f rule.Finding) []site {
	var out []site
	index := map[string]int{}   // file:line -> position in out
	perFile := map[string]int{} // occurrences of a file so far
	for _, e := range f.Evidence {
		if e.File == "" {
			continue
		}
		key := e.File + ":" + strconv.Itoa(e.Line)
		if i, ok := index[key]; ok {
			if d := oneLine(e.Detail); d != "" && !strings.Contains(out[i].Detail, d) {
				out[i].Detail = joinNonEmpty(out[i].Detail, d)
			}
			continue
		}
		index[key] = len(out)
		out = append(out, site{
			Path:        repoPath(c.PathPrefix, e.File),
			Line:        max(e.Line, 1),
			Detail:      oneLine(e.Detail),
			Fingerprint: siteFingerprint(f, e.File+"#"+strconv.Itoa(perFile[e.File])),
		})
		perFile[e.File]++
	}
	if len(out) > 0 {
		return out
	}
	a := c.anchor(f)
	return []site{{
		Path:        repoPath(c.PathPrefix, a.File),
		Line:        max(a.Line, 1),
		Fingerprint: siteFingerprint(f, "repository"),
		Anchored:    true,
	}}
}

// anchor is where a finding without evidence is located: the first
// profile key it cites in a declared profile inside the root, else the
// check's fallback location (the profile, the root manifest).
func (c *Check) anchor(f rule.Finding) stack.Evidence {
	for _, r := range f.Profile {
		if r.File != "" && c.Profile.Declared && localPath(r.File) {
			return stack.Evidence{File: path.Clean(r.File), Line: r.Line}
		}
	}
	return c.fallbackLocation()
}

// siteFingerprint is a finding's fingerprint at one location: a hash of
// the finding's own fingerprint (rule and subject) and of the
// location's file and its rank among the finding's locations in that file
// ("package.json#0", "package.json#1"). Line numbers are left out, so
// lines added above a location do not make GitLab report the finding as
// fixed and new again; a finding anchored at the profile or a manifest
// uses "repository" instead, so it keeps its fingerprint when a profile is
// added. The file path is root-relative, without PathPrefix.
func siteFingerprint(f rule.Finding, where string) string {
	id := f.Fingerprint
	if id == "" {
		id = f.RuleID + ":" + f.Component + ":" + f.Subject
	}
	sum := sha256.Sum256([]byte("stacklint/v1\x00" + id + "\x00" + where))
	return hex.EncodeToString(sum[:16])
}

// siteMessage is the one-line message of a finding at a site: the
// finding's message and, when the finding has several locations, what was
// seen at this one.
func siteMessage(f rule.Finding, s site, n int) string {
	msg := oneLine(f.Message)
	if n > 1 && s.Detail != "" {
		msg = strings.TrimSuffix(msg, ".") + ". Seen here: " + s.Detail + "."
	}
	return msg
}

// joinNonEmpty joins the non-empty strings with "; ".
func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "; ")
}
