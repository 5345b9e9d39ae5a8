package github

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RetryPolicy bounds how transient failures are retried.
type RetryPolicy struct {
	// MaxAttempts per request, first included (default 5).
	MaxAttempts int
	// MaxWait is the longest single wait honoured (default 60s); a rate
	// limit resetting later than that is returned as an error.
	MaxWait time.Duration
	// Budget bounds the total time spent waiting per request (default 2m).
	Budget time.Duration
	// BaseDelay is the first backoff for 5xx errors (default 1s), doubled
	// each attempt with jitter.
	BaseDelay time.Duration
	// Sleep waits; tests replace it. Nil means time.Sleep honouring the
	// request context.
	Sleep func(req *http.Request, d time.Duration) error
	// Now is the clock for rate-limit resets and the total budget; nil
	// means time.Now.
	Now func() time.Time
	// Total bounds the time the client spends on the API over its whole
	// life, requests and waits together (default 4m): once spent, every
	// request fails with ErrBudget instead of being sent.
	Total time.Duration
}

// ErrBudget is returned (wrapped) for requests made after the client's
// total API time (RetryPolicy.Total) is spent.
var ErrBudget = errors.New("API time budget spent")

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.MaxWait <= 0 {
		p.MaxWait = 60 * time.Second
	}
	if p.Budget <= 0 {
		p.Budget = 2 * time.Minute
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = time.Second
	}
	if p.Sleep == nil {
		p.Sleep = func(req *http.Request, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-req.Context().Done():
				return req.Context().Err()
			}
		}
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Total <= 0 {
		p.Total = 4 * time.Minute
	}
	return p
}

// retryTransport retries 5xx answers of idempotent requests, and rate
// limited requests of any method (GitHub did not process them): secondary
// limits by Retry-After, primary limits by X-RateLimit-Reset.
type retryTransport struct {
	next   http.RoundTripper
	policy RetryPolicy

	mu    sync.Mutex
	spent time.Duration // requests and waits, over the client's life
}

// spend adds d to the time spent and reports whether the total is spent.
func (t *retryTransport) spend(d time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.spent += d
	return t.spent >= t.policy.Total
}

func (t *retryTransport) budgetError() error {
	return fmt.Errorf("%w: stacklint spends at most %s on the GitHub API per run", ErrBudget, t.policy.Total)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.GetBody == nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	waited := time.Duration(0)
	for attempt := 1; ; attempt++ {
		r := req.Clone(req.Context())
		switch {
		case req.GetBody != nil:
			b, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = b
		case body != nil:
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		if t.spend(0) {
			if r.Body != nil {
				r.Body.Close()
			}
			return nil, t.budgetError()
		}
		start := t.policy.Now()
		resp, err := t.next.RoundTrip(r)
		spent := t.spend(max(t.policy.Now().Sub(start), 0))
		if attempt >= t.policy.MaxAttempts {
			return resp, err
		}
		wait, retry := t.decide(req, resp, err, attempt)
		if !retry || wait > t.policy.MaxWait || waited+wait > t.policy.Budget || spent {
			return resp, err
		}
		t.mu.Lock()
		over := t.spent+wait > t.policy.Total
		if over {
			// The wait does not fit: the budget is as good as spent, and
			// later requests are not sent.
			t.spent = t.policy.Total
		}
		t.mu.Unlock()
		if over {
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if serr := t.policy.Sleep(req, wait); serr != nil {
			return nil, serr
		}
		t.spend(wait)
		waited += wait
	}
}

func idempotent(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// decide says whether and how long to wait before the next attempt.
func (t *retryTransport) decide(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	backoff := func() time.Duration {
		d := t.policy.BaseDelay << (attempt - 1)
		return d + time.Duration(rand.Int64N(int64(d)/4+1))
	}
	if err != nil {
		if req.Context().Err() != nil {
			return 0, false
		}
		return backoff(), idempotent(req.Method)
	}
	switch {
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests:
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			if s, perr := strconv.Atoi(ra); perr == nil && s >= 0 {
				return time.Duration(s) * time.Second, true
			}
		}
		if resp.Header.Get("X-RateLimit-Remaining") == "0" {
			if reset, perr := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); perr == nil {
				d := time.Unix(reset, 0).Sub(t.policy.Now()) + time.Second
				return max(d, time.Second), true
			}
		}
		if resp.StatusCode == http.StatusTooManyRequests || secondaryLimit(resp) {
			// GitHub asks to wait at least a minute when it gives no time.
			return max(backoff(), time.Minute), true
		}
		return 0, false // a permission problem: not transient
	case resp.StatusCode >= 500:
		return backoff(), idempotent(req.Method)
	}
	return 0, false
}

// secondaryLimit peeks at a 403 body for GitHub's secondary rate limit
// message, leaving the body readable.
func secondaryLimit(resp *http.Response) bool {
	if resp.Body == nil {
		return false
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return bytes.Contains(bytes.ToLower(b), []byte("secondary rate limit"))
}
