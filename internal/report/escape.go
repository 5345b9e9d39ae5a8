package report

// MarkdownCell escapes text for a GitHub Markdown table cell the way the
// check report does (HTML brackets, pipes, @mentions; code spans kept).
func MarkdownCell(s string) string { return mdCell(s) }
