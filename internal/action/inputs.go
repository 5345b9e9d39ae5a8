package action

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
)

// Comment modes (the comment input).
const (
	CommentSticky = "sticky"
	CommentOff    = "off"
)

// What to do with the comment of a clean run (the when_clean input).
const (
	CleanUpdate   = "update"
	CleanDelete   = "delete"
	CleanMinimize = "minimize"
)

// DefaultProfile is the profile input's default: looked for, not required.
const DefaultProfile = ".stacklint.toml"

// Inputs are the action's inputs (action.yml), validated.
type Inputs struct {
	// Path is the folder to check, slash-separated and relative to the
	// workspace ("." for the whole repository).
	Path string
	// Profile is the profile file relative to the workspace (or to Path).
	Profile string
	// ProfileSet is true when Profile is not the default: then a missing
	// file is an error instead of falling back to the embedded default.
	ProfileSet bool
	// FailOn is the failure threshold; rule.SeverityNone means never.
	FailOn rule.Severity
	// NewOnly fails only on findings the pull request introduces.
	NewOnly bool
	// Comment is CommentSticky or CommentOff.
	Comment string
	// CommentKey tells apart several runs in one pull request.
	CommentKey string
	// WhenClean is CleanUpdate, CleanDelete or CleanMinimize.
	WhenClean string
	// SARIFFile is where to write SARIF, relative to the workspace; "" for none.
	SARIFFile string
	// Token authenticates API calls. Never print it.
	Token string
}

// ParseInputs reads and validates the inputs through get, which returns an
// input by its action.yml name ("fail_on"), trimmed, "" when unset (as
// githubactions.Action.GetInput does). Empty inputs take action.yml's
// defaults, so that the container also works when run by hand. Every
// invalid input is reported, each with the values it accepts.
func ParseInputs(get func(name string) string) (Inputs, error) {
	in := Inputs{Token: get("github_token")}
	var errs []error
	bad := func(name, value, want string) {
		errs = append(errs, fmt.Errorf("input %s: %q is not valid; expected %s", name, value, want))
	}

	p, err := localPath("path", or(get("path"), "."))
	if err != nil {
		errs = append(errs, err)
	}
	in.Path = p

	in.Profile = or(get("profile"), DefaultProfile)
	if prof, err := localPath("profile", in.Profile); err != nil {
		errs = append(errs, err)
	} else {
		in.Profile = prof
		in.ProfileSet = prof != DefaultProfile
	}

	switch v := strings.ToLower(or(get("fail_on"), "error")); v {
	case "never", "none":
		in.FailOn = rule.SeverityNone
	case "error", "warning", "notice":
		in.FailOn, _ = rule.ParseSeverity(v)
	default:
		bad("fail_on", get("fail_on"), "error, warning, notice or never")
	}

	switch v := strings.ToLower(or(get("new_only"), "true")); v {
	case "true", "yes", "1":
		in.NewOnly = true
	case "false", "no", "0":
	default:
		bad("new_only", get("new_only"), "true or false")
	}

	switch v := strings.ToLower(or(get("comment"), CommentSticky)); v {
	case CommentSticky, CommentOff:
		in.Comment = v
	case "false", "none", "no":
		in.Comment = CommentOff
	default:
		bad("comment", get("comment"), "sticky or off")
	}

	in.CommentKey = or(get("comment_key"), "default")
	if strings.ContainsAny(in.CommentKey, "\r\n") {
		bad("comment_key", in.CommentKey, "one line (letters, digits and ._/- are kept as is)")
	}

	switch v := strings.ToLower(or(get("when_clean"), CleanUpdate)); v {
	case CleanUpdate, CleanDelete, CleanMinimize:
		in.WhenClean = v
	default:
		bad("when_clean", get("when_clean"), "update, delete or minimize")
	}

	if s := get("sarif_file"); s != "" {
		sp, err := localPath("sarif_file", s)
		if err != nil {
			errs = append(errs, err)
		} else if sp == "." {
			bad("sarif_file", s, "a file path inside the workspace, e.g. stacklint.sarif")
		}
		in.SARIFFile = sp
	}
	return in, errors.Join(errs...)
}

// localPath cleans a workspace-relative path and refuses absolute paths
// and paths that climb out of the workspace.
func localPath(name, p string) (string, error) {
	s := filepath.ToSlash(strings.TrimSpace(p))
	if filepath.IsAbs(p) || strings.HasPrefix(s, "/") || !filepath.IsLocal(filepath.FromSlash(s)) {
		return "", fmt.Errorf("input %s: %q must be a path relative to the workspace (the repository root), without '..'", name, p)
	}
	return filepath.ToSlash(filepath.Clean(filepath.FromSlash(s))), nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
