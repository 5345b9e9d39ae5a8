// Package github talks to the GitHub REST API for stacklint: the sticky
// pull-request comment, a repository revision read as an fs.FS (tree +
// lazily fetched blobs), and retries with backoff for transient errors and
// rate limits. Tests run it against githubtest, an in-process emulator.
package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
	return &Client{gh: c, http: c.Client(), graphqlURL: gql, token: opts.Token}, nil
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

// IsForbidden reports a 403 that is a permission problem (not a rate limit):
// "Resource not accessible by integration" on fork pull requests or tokens
// without the needed permission.
func IsForbidden(err error) bool {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode == http.StatusForbidden || er.Response.StatusCode == http.StatusUnauthorized
	}
	return false
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound
}
