package action

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/sethvargo/go-githubactions"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// MaxSummaryBytes keeps the job summary under GitHub's 1 MiB cap per step,
// with room for the run notes.
const MaxSummaryBytes = 1<<20 - 32<<10

// workflow wraps go-githubactions: workflow commands to stdout, file
// commands guarded against the library's panics.
type workflow struct {
	a      *githubactions.Action
	getenv func(string) string
}

// Annotate issues ::error/::warning/::notice with file, line and title.
func (w workflow) Annotate(sev rule.Severity, fields map[string]string, msg string) {
	a := w.a.WithFieldsMap(fields)
	switch sev {
	case rule.SeverityError:
		a.Errorf("%s", msg)
	case rule.SeverityWarning:
		a.Warningf("%s", msg)
	default:
		a.Noticef("%s", msg)
	}
}

// fileCommandReady checks what go-githubactions v1.3.1 does not before it
// panics: that the file command's variable (GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY) is set and names a file this process can append to.
func fileCommandReady(getenv func(string) string, name string) error {
	p := getenv(name)
	if p == "" {
		return fmt.Errorf("%s is not set: %w", name, errNotSet)
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("%s is not writable: %w", name, err)
	}
	return f.Close()
}

// fileCommand runs a go-githubactions file command after checking its file,
// turning a panic (the file vanished in between) into an error.
func (w workflow) fileCommand(name string, do func()) (err error) {
	if err := fileCommandReady(w.getenv, name); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: %v", name, r)
		}
	}()
	do()
	return nil
}

// errNotSet marks a file command whose variable is not set.
var errNotSet = errors.New("the runner sets it for every step")

// unwritableHint explains the usual cause of an unwritable file command.
func unwritableHint(what string, err error) string {
	if errors.Is(err, errNotSet) {
		return fmt.Sprintf("stacklint could not write %s: %v. Continuing without it.", what, err)
	}
	return fmt.Sprintf("stacklint could not write %s (%v). The stacklint image runs as uid 1001, the runner user of GitHub-hosted runners; on a self-hosted runner whose user has another uid the file may not be writable: run the stacklint binary in a run step instead. Continuing without it.", what, err)
}

// StackTech is one entry of the stack output.
type StackTech struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Layer    string   `json:"layer"`
	Versions []string `json:"versions"`
}

// StackJSON renders the production technologies as the compact JSON array
// of the stack output: [{"id","name","layer","versions"}...].
func StackJSON(st *stack.Stack) string {
	out := []StackTech{}
	if st != nil {
		for _, t := range st.Production() {
			v := t.Versions
			if v == nil {
				v = []string{}
			}
			out = append(out, StackTech{ID: t.ID, Name: t.Name, Layer: string(t.Layer), Versions: v})
		}
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep ">=20.11" readable
	if err := enc.Encode(out); err != nil {
		return "[]"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// readErrors wraps a base revision read from local git objects and keeps
// the first error reading a regular file that exists in it (a broken
// object store, a git process that died), so that such a file is not
// mistaken for an absent one. Missing files and symbolic links that leave
// the tree are content, not read errors.
type readErrors struct {
	fsys fs.FS

	mu  sync.Mutex
	err error
}

func (r *readErrors) record(name string, err error) {
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return
	}
	if info, lerr := fs.Lstat(r.fsys, name); lerr != nil || !info.Mode().IsRegular() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
	}
}

func (r *readErrors) first() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Open opens a file, recording a read error.
func (r *readErrors) Open(name string) (fs.File, error) {
	f, err := r.fsys.Open(name)
	r.record(name, err)
	return f, err
}

// ReadDir lists a folder.
func (r *readErrors) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.fsys, name) }

// Stat describes a file.
func (r *readErrors) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.fsys, name) }

// Lstat describes a file without following a symbolic link.
func (r *readErrors) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(r.fsys, name) }

// ReadLink returns a symbolic link's target.
func (r *readErrors) ReadLink(name string) (string, error) { return fs.ReadLink(r.fsys, name) }
