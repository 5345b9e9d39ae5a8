// Package github talks to the GitHub REST API for stacklint: the sticky
// pull-request comment (kept single when runs race), a repository revision
// read as an fs.FS (tree + lazily fetched blobs, unchanged files read from
// a local checkout, failed reads reported rather than taken for absent
// files), retries with backoff for transient errors and rate limits
// within a total time budget, capped pagination, and Explain, which says
// what a 401 or a rate limit really was. Tests run it against githubtest,
// an in-process emulator.
package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v66/github"
)

// Client is a GitHub REST client bound to one API root.
type Client struct {
	gh         *gh.Client
	http       *http.Client
	graphqlURL string
	token      string
	maxPages   int
}

// Options configure a Client.
type Options struct {
	// APIURL is the REST API root exactly as GITHUB_API_URL gives it:
	// https://api.github.com, or https://HOST/api/v3 on Enterprise Server.
	APIURL string
	// GraphQLURL is GITHUB_GRAPHQL_URL; derived from APIURL when empty.
	GraphQLURL string
	// Token authenticates requests; never logged.
	Token string
	// Retry bounds retries; zero values take defaults.
	Retry RetryPolicy
	// Transport is the underlying transport (tests); nil means the default.
	Transport http.RoundTripper
	// UserAgent identifies stacklint to GitHub.
	UserAgent string
	// MaxPages caps every paginated listing (default 30 pages of 100): a
	// listing whose Link: rel="next" never ends stops with ErrTooManyPages.
	MaxPages int
}

// New builds a client. The base URL is APIURL as given, with a trailing
// slash added: go-github's WithEnterpriseURLs would append /api/v3/ and
// break github.com.
func New(opts Options) (*Client, error) {
	api := strings.TrimSpace(opts.APIURL)
	if api == "" {
		api = "https://api.github.com"
	}
	base, err := url.Parse(strings.TrimSuffix(api, "/") + "/")
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL %q is not an absolute URL", opts.APIURL)
	}
	rt := opts.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	hc := &http.Client{Transport: &retryTransport{next: rt, policy: opts.Retry.withDefaults()}, Timeout: 60 * time.Second}
	c := gh.NewClient(hc)
	if opts.Token != "" {
		c = c.WithAuthToken(opts.Token)
	}
	c.BaseURL = base
	c.UploadURL = base
	if opts.UserAgent != "" {
		c.UserAgent = opts.UserAgent
	}
	gql := opts.GraphQLURL
	if gql == "" {
		gql = graphqlFor(base)
	}
	maxPages := opts.MaxPages
	if maxPages <= 0 {
		maxPages = 30
	}
	return &Client{gh: c, http: c.Client(), graphqlURL: gql, token: opts.Token, maxPages: maxPages}, nil
}

// graphqlFor derives the GraphQL endpoint: api.github.com/graphql, or
// HOST/api/graphql on Enterprise Server.
func graphqlFor(base *url.URL) string {
	u := *base
	p := strings.TrimSuffix(u.Path, "/")
	if strings.HasSuffix(p, "/api/v3") {
		u.Path = strings.TrimSuffix(p, "/v3") + "/graphql"
	} else {
		u.Path = p + "/graphql"
	}
	return u.String()
}

// REST exposes the underlying go-github client.
func (c *Client) REST() *gh.Client { return c.gh }

// Identity returns the login the token acts as, or "" when the API will not
// say (GITHUB_TOKEN installation tokens get 403 on GET /user).
func (c *Client) Identity(ctx context.Context) string {
	u, _, err := c.gh.Users.Get(ctx, "")
	if err != nil || u == nil {
		return ""
	}
	return u.GetLogin()
}

// IsForbidden reports a 403 that is a permission problem, not a rate
// limit: "Resource not accessible by integration" on fork pull requests or
// tokens without the needed permission.
func IsForbidden(err error) bool {
	k, _ := classify(err)
	return k == failForbidden
}

// IsUnauthorized reports a 401: the token is invalid, expired or revoked.
func IsUnauthorized(err error) bool {
	k, _ := classify(err)
	return k == failUnauthorized
}

// IsRateLimited reports a primary or secondary rate limit.
func IsRateLimited(err error) bool {
	k, _ := classify(err)
	return k == failRateLimit || k == failSecondaryLimit
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound
}

type failure int

const (
	failOther failure = iota
	failUnauthorized
	failForbidden
	failRateLimit
	failSecondaryLimit
	failBudget
)

// classify says what an API error really was, and for a primary rate
// limit when it resets.
func classify(err error) (failure, time.Time) {
	if err == nil {
		return failOther, time.Time{}
	}
	if errors.Is(err, ErrBudget) || errors.Is(err, ErrTooManyPages) {
		return failBudget, time.Time{}
	}
	var rl *gh.RateLimitError
	if errors.As(err, &rl) {
		return failRateLimit, rl.Rate.Reset.Time
	}
	var ab *gh.AbuseRateLimitError
	if errors.As(err, &ab) {
		return failSecondaryLimit, time.Time{}
	}
	var er *gh.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil {
		return failOther, time.Time{}
	}
	resp := er.Response
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return failUnauthorized, time.Time{}
	case http.StatusForbidden, http.StatusTooManyRequests:
		if resp.Header.Get("X-RateLimit-Remaining") == "0" {
			var reset time.Time
			if s, perr := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); perr == nil {
				reset = time.Unix(s, 0)
			}
			return failRateLimit, reset
		}
		msg := strings.ToLower(er.Message + " " + er.DocumentationURL)
		if resp.StatusCode == http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "" ||
			strings.Contains(msg, "secondary rate limit") || strings.Contains(msg, "secondary-rate-limits") || strings.Contains(msg, "abuse") {
			return failSecondaryLimit, time.Time{}
		}
		if strings.Contains(msg, "rate limit") {
			return failRateLimit, time.Time{}
		}
		return failForbidden, time.Time{}
	}
	return failOther, time.Time{}
}

// Explain says in one sentence what went wrong with an API call when it
// was not what a failed request usually means: bad credentials (401), a
// primary rate limit with its reset time, a secondary rate limit, or this
// run's API time or page budget spent. It returns "" for other errors
// (a 403 permission problem, a 404, a server error), which callers explain
// in their own context.
func Explain(err error) string {
	k, reset := classify(err)
	switch k {
	case failUnauthorized:
		return "GitHub rejected the token (HTTP 401 Bad credentials): it is invalid, expired or revoked. Pass a valid token as github_token (the default ${{ github.token }} is valid for the whole job)."
	case failRateLimit:
		when := "when the hourly window resets"
		if !reset.IsZero() {
			when = "at " + reset.UTC().Format("15:04:05 UTC") + " (" + reset.UTC().Format("2006-01-02") + ")"
		}
		return "the token's API rate limit is used up (HTTP 403/429, X-RateLimit-Remaining: 0); it resets " + when + ". This is not a permission problem: rerun the job after the reset, or spread the workflows that share the token."
	case failSecondaryLimit:
		return "GitHub's secondary rate limit stopped the request (too many requests or writes in a short time, often from concurrent jobs); stacklint waited as GitHub asks and gave up. This is not a permission problem: rerun the job later."
	case failBudget:
		return "this run's API budget is spent (" + err.Error() + "): stacklint stops calling the API rather than run until the job is killed."
	}
	return ""
}
