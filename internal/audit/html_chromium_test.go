package audit

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless-capable browser or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if raceEnabled {
		t.Skip("the Chromium render runs in the test run without -race")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed, so the HTML report is not rendered (Debian: apt-get install -y chromium; .ci/run installs it when it can)")
	return ""
}

// headless runs Chromium offline on a file with extra arguments.
func headless(t *testing.T, browser, file string, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, browser, append(append(base, args...), "file://"+file)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// consoleErrors are the lines of Chromium's log that report a page error
// (uncaught exceptions, console.error, CSP refusals).
var consoleErrors = regexp.MustCompile(`(?m)^.*(CONSOLE.*(error|Error)|Uncaught|Refused to).*$`)

// htmlErrors is the <html> tag carrying the errors the page's hook recorded.
var htmlErrors = regexp.MustCompile(`<html[^>]*data-js-errors="[^"]*"`)

func renderFleetHTML(t *testing.T, dir string) string {
	t.Helper()
	out, _ := runFormat(t, "html", localTargets(), Options{Jobs: 2})
	p := filepath.Join(dir, "fleet.html")
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHTMLRendersInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	page := renderFleetHTML(t, dir)
	dom, log := headless(t, browser, page, "--virtual-time-budget=5000", "--dump-dom")
	if !strings.Contains(dom, `data-rendered="ok"`) {
		t.Errorf("the page's script did not run to the end (no data-rendered on <html>)")
	}
	if m := htmlErrors.FindString(dom); m != "" {
		t.Errorf("script errors recorded in the page: %s", m)
	}
	if !strings.Contains(dom, `<html lang="en" data-rendered="ok">`) {
		t.Errorf("<html> carries more than data-rendered: %.200s", dom[strings.Index(dom, "<html"):])
	}
	if m := consoleErrors.FindAllString(log, -1); len(m) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(m, "\n"))
	}
	for _, want := range []string{`id="matrix"`, `id="heatmap"`, `id="hotspots"`, `id="r-4"`, "<svg"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %s", want)
		}
	}

	// The script renders a PNG.
	png := filepath.Join(dir, "fleet.png")
	cmd := exec.Command("bash", filepath.Join("..", "..", "scripts", "render-report.sh"), page, png, "1200x1600")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("render-report.sh: %v\n%s", err, out)
	}
	b, err := os.ReadFile(png)
	if err != nil || len(b) < 10000 || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("render-report.sh wrote no PNG worth the name (%d bytes, %v)", len(b), err)
	}
}

// The error hook catches what it is there for: a page with a script error
// is reported, so TestHTMLRendersInChromium can fail.
func TestHTMLErrorHookCatchesErrors(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	page := renderFleetHTML(t, dir)
	b, _ := os.ReadFile(page)
	broken := strings.Replace(string(b), "</body>", "<script>console.error('boom'); notAFunction();</script></body>", 1)
	if err := os.WriteFile(page, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, log := headless(t, browser, page, "--virtual-time-budget=5000", "--dump-dom")
	if len(consoleErrors.FindAllString(log, -1)) == 0 {
		t.Errorf("Chromium's log shows no console error for the broken page:\n%s", log)
	}
	m := htmlErrors.FindString(dom)
	if !strings.Contains(m, "console.error: boom") || !strings.Contains(m, "notAFunction") {
		t.Errorf("the error hook missed a console.error and an exception:\n%.500s", dom)
	}
}
