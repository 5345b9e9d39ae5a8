package action

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/stacklint/stacklint/internal/report"
)

// The runner reads every line of a step's stdout, and one that starts with
// "::" (after white space) is a workflow command: ::error::, ::add-mask::,
// ::stop-commands:: (which would silence stacklint's own annotations). The
// text report quotes repository content (folder names, versions, service
// names), so in action mode it is printed between ::stop-commands::TOKEN
// and ::TOKEN:: with a random token, GitHub's documented way to log
// untrusted text, and every line of it is neutralised as well (for runners
// that would not honour stop-commands).

// textReport writes the text report to stdout with workflow commands
// stopped around it.
func (r *run) textReport(rep *report.Check) error {
	token, err := stopToken()
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "::stop-commands::%s\n", token)
	nw := &neutralWriter{w: r.env.Stdout}
	err = report.CheckText(nw, rep, report.TextOptions{})
	if ferr := nw.flush(); err == nil {
		err = ferr
	}
	fmt.Fprintf(r.env.Stdout, "::%s::\n", token)
	return err
}

// stopToken is a fresh random token for ::stop-commands::.
func stopToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("no random token to stop workflow commands: %w", err)
	}
	return "stacklint-" + hex.EncodeToString(b), nil
}

// neutralWriter passes text through line by line, defusing any line that
// the runner would take for a workflow command.
type neutralWriter struct {
	w   io.Writer
	buf []byte
}

func (n *neutralWriter) Write(p []byte) (int, error) {
	n.buf = append(n.buf, p...)
	for {
		i := bytes.IndexByte(n.buf, '\n')
		if i < 0 {
			break
		}
		line := string(n.buf[:i])
		n.buf = n.buf[i+1:]
		if _, err := io.WriteString(n.w, neutralLine(line)+"\n"); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (n *neutralWriter) flush() error {
	if len(n.buf) == 0 {
		return nil
	}
	_, err := io.WriteString(n.w, neutralLine(string(n.buf))+"\n")
	n.buf = nil
	return err
}

// neutralLine defuses a line the runner would run as a workflow command (it
// trims white space first): its first ':' becomes the look-alike '∶'
// (U+2236), so the line reads the same and is never a command. A carriage
// return, which some log viewers treat as a line break, goes too.
func neutralLine(line string) string {
	line = strings.ReplaceAll(line, "\r", "␍")
	trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
	if strings.HasPrefix(trimmed, "::") {
		lead := line[:len(line)-len(trimmed)]
		return lead + "∶" + trimmed[1:]
	}
	return line
}

// logLine puts text on one line for a plain log line: control characters
// (a newline in a folder name) become visible escapes, and a line that
// would still start with "::" is defused.
func logLine(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case unicode.IsControl(c):
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteRune(c)
		}
	}
	return neutralLine(b.String())
}
