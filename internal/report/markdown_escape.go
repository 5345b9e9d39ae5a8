package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Markdown escaping: the one place where text that comes from a
// repository (service and folder names, versions, messages quoting them,
// profile values) is made safe for GitHub Markdown, in the pull request
// comment and the job summary. Every such string goes through codeSpan
// (as code), mdText (as prose), mdCell (in a table) or linkText (as a
// link's text). The rules:
//   - no raw HTML and no marker spoofing: < > & become entities;
//   - no link or image: [ ] are escaped (`![x](https://…)` stays text, so
//     no tracking pixel), and so is \ (an escape cannot be undone);
//   - no emphasis from content: * _ ~ are escaped where they could open or
//     close it, so `**@org/team**` cannot dress up a mention;
//   - no mention: an @-word not glued to a letter, digit or _ before it
//     (e-mail addresses and name@version are not mentions) is put in a
//     code span, whatever precedes it (`.@x/y`, `*@x/y*`);
//   - no invisible characters: format characters (zero-width spaces and
//     joiners, bidirectional controls, the byte-order mark) are dropped,
//     so nothing hides an @ or reorders text;
//   - `code spans` written in a message are kept as written (| escaped in
//     table cells, where GitHub splits cells even inside code).

// MarkdownText is mdText for other packages: repository-derived text made
// safe in Markdown prose (the action's job summary notes).
func MarkdownText(s string) string { return mdText(s) }

// codeSpan wraps s, on one line, in a code span whose fence is longer than
// any run of backticks inside. Not for table cells (see mdCell).
func codeSpan(s string) string {
	s = oneLine(dropInvisible(s))
	run, longest := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// linkText escapes what would end a link's text or render inside it (a
// nested link or image, raw HTML). GitHub does not turn @-words inside a
// link into mentions.
func linkText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "`", "\\`", "*", `\*`, "_", `\_`, "~", `\~`)
	return r.Replace(dropInvisible(s))
}

// mdText makes plain text safe in GitHub Markdown prose, keeping `code
// spans` as written (see the rules above).
func mdText(s string) string { return escapeMarkdown(s, false) }

// mdCell is mdText for a table cell: a | splits GitHub table cells even
// inside code spans, so it is escaped there too (GitHub's table parser
// turns \| back into | before code spans are read).
func mdCell(s string) string { return escapeMarkdown(s, true) }

// dropInvisible removes Unicode format characters (category Cf): zero-width
// spaces and joiners, word joiners, bidirectional controls, BOM.
func dropInvisible(s string) string {
	if strings.IndexFunc(s, isInvisible) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

func isInvisible(r rune) bool { return unicode.Is(unicode.Cf, r) }

func escapeMarkdown(s string, cell bool) string {
	s = dropInvisible(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '`' {
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			fence := s[i : i+n]
			if end := strings.Index(s[i+n:], fence); end >= 0 && (i+n+end+n >= len(s) || s[i+n+end+n] != '`') {
				span := s[i : i+n+end+n]
				if cell {
					span = strings.ReplaceAll(span, "|", `\|`)
				}
				b.WriteString(span)
				i += n + end + n
				continue
			}
			b.WriteString(strings.Repeat("\\`", n))
			i += n
			continue
		}
		switch c := s[i]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '|', '\\', '[', ']', '*', '~':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '_':
			// Inside a word (snake_case) _ cannot open or close emphasis.
			if wordBefore(s[:i]) && i+1 < len(s) && isWordRune(rune(s[i+1])) {
				b.WriteByte(c)
			} else {
				b.WriteString(`\_`)
			}
		case '@':
			if r, n := utf8.DecodeLastRuneInString(s[:i]); n > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				b.WriteByte(c) // user@host, name@1.2.3: not a mention
				break
			}
			j := i + 1
			for j < len(s) && !isSpaceByte(s[j]) && strings.IndexByte(",;:)]}'\"|<>`*~\\[!?&", s[j]) < 0 {
				j++
			}
			word := strings.TrimRight(s[i:j], "._")
			if len(word) == 1 {
				b.WriteByte(c)
				break
			}
			if strings.HasSuffix(b.String(), "`") {
				b.WriteByte(' ') // two adjacent spans would merge their fences
			}
			b.WriteString(codeSpan(word)) // no | < > ` in word: no escaping needed
			i += len(word)
			continue
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// wordBefore reports whether s ends with a letter, digit or _.
func wordBefore(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	return n > 0 && isWordRune(r)
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
