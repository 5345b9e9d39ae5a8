package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/stack"
)

func TestMdTextHostile(t *testing.T) {
	for in, want := range map[string]string{
		"![x](https://evil.example/p.png)": `!\[x\](https://evil.example/p.png)`,
		"[click](javascript:alert(1))":     `\[click\](javascript:alert(1))`,
		"**@org/team**":                    "\\*\\*`@org/team`\\*\\*",
		"*@x/y*":                           "\\*`@x/y`\\*",
		".@x/y":                            ".`@x/y`",
		"a\u200b@x/y":                      "a@x/y", // the zero-width space goes; a@ is not a mention
		"say \u200b@x/y":                   "say `@x/y`",
		"\u00a0@x/y":                       "\u00a0`@x/y`",
		"_@x/y_":                           "\\_`@x/y`\\_",
		"&#64;x/y":                         "&amp;#64;x/y",
		`\[x]`:                             `\\\[x\]`,
		"snake_case_name":                  "snake_case_name",
		"name@1.2.3":                       "name@1.2.3",
		"\u202eevil":                       "evil",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := linkText("![x](u)@a"); got != `!\[x\](u)@a` {
		t.Errorf("linkText = %q", got)
	}
	if got := codeSpan("a\u200bb"); got != "`ab`" {
		t.Errorf("codeSpan = %q", got)
	}
}

// TestMarkdownHostileRepository renders a report whose repository-derived
// strings carry an image, hidden mentions and zero-width characters, and
// checks that none survives in the comment.
func TestMarkdownHostileRepository(t *testing.T) {
	hostile := []string{"![x](https://evil.example/p.png)", "**@org/team**", "*@x/y*", ".@x/y", "\u200b@x/y", "<img src=x>"}
	all := strings.Join(hostile, " ")
	c := diffCheck()
	c.Findings[0].Message = "Service " + all + " runs Kafka."
	c.Findings[0].Evidence[0].Detail = "service " + all
	c.Findings[0].Component = "svc/" + all
	// A rule quotes file names in code; a backtick in the name ends the span.
	c.Findings[0].Remediation = "Upgrade in `x`" + all + "`y`."
	c.Profile.Headline = all
	c.Diff.Added[0].Name = all
	c.Diff.Added[0].Versions = []string{all}
	c.Stack.Technologies = append(c.Stack.Technologies, tech("evil", all, stack.LayerData, all, ev("docker-compose.yml", 3, "service "+all)))
	out := render(t, func(b *bytes.Buffer) error { return CheckMarkdown(b, c, MarkdownOptions{}) })
	if strings.ContainsAny(out, "\u200b\u202e") {
		t.Error("invisible characters survive")
	}
	// Code renders as written: look at everything else.
	prose := regexp.MustCompile("(?s)\n *```toml\n.*?```").ReplaceAllString(out, "")
	prose = regexp.MustCompile("`+[^`]*`+").ReplaceAllString(prose, "")
	if m := regexp.MustCompile(`!\[[^\]]*\]\(`).FindAllString(prose, -1); len(m) > 0 {
		t.Errorf("an image survives: %q\n%s", m, out)
	}
	if strings.Contains(prose, "<img") {
		t.Errorf("raw HTML survives\n%s", out)
	}
	// No @-word may follow a non-word character outside code.
	if m := regexp.MustCompile(`(^|[^\pL\pN])@[A-Za-z0-9]`).FindAllString(prose, -1); len(m) > 0 {
		t.Errorf("mentions survive: %q\n%s", m, out)
	}
	if !strings.Contains(out, "Service !\\[x\\](https://evil.example/p.png)") {
		t.Errorf("the message is not shown escaped:\n%s", out)
	}
}

func FuzzMdText(f *testing.F) {
	for _, s := range []string{"![x](https://e/p.png)", "**@org/team**", ".@x/y", "\u200b@x/y", "a `code | <b>` @x", "``", "\\[x]", "<img src=x>"} {
		f.Add(s)
	}
	image := regexp.MustCompile(`(^|[^\\])!\[`)
	mention := regexp.MustCompile(`(^|[^\pL\pN])@[A-Za-z0-9]`)
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{mdText(s), mdCell(s)} {
			if strings.IndexFunc(out, isInvisible) >= 0 {
				t.Fatalf("%q: invisible characters in %q", s, out)
			}
			prose := stripCodeSpans(out)
			if image.MatchString(prose) || strings.ContainsAny(prose, "<>") || mention.MatchString(prose) {
				t.Fatalf("%q renders as %q", s, out)
			}
		}
	})
}

// stripCodeSpans removes code spans as CommonMark reads them: a run of n
// backticks opens a span closed by the next run of exactly n; without
// one, the run is literal. A backslash-escaped backtick is literal.
func stripCodeSpans(s string) string {
	var b strings.Builder
	run := func(i int) int {
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		return n
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i += 2
		case s[i] == '`':
			n := run(i)
			closed := -1
			for j := i + n; j < len(s); {
				if s[j] != '`' {
					j++
					continue
				}
				if m := run(j); m == n {
					closed = j + m
					break
				} else {
					j += m
				}
			}
			if closed < 0 {
				b.WriteString(s[i : i+n])
				i += n
			} else {
				b.WriteByte(' ') // an element: text around it is separate
				i = closed
			}
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}
