// Command stacklint tells what backend stack a repository really runs on
// and where that stack fights the product it is meant to build.
package main

import (
	"context"
	"os"
	"os/signal"

	"golang.org/x/term"

	"github.com/stacklint/stacklint/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, StderrTerminal: term.IsTerminal(int(os.Stderr.Fd()))}
	if fd := int(os.Stdout.Fd()); term.IsTerminal(fd) {
		env.IsTerminal = true
		if w, _, err := term.GetSize(fd); err == nil {
			env.TerminalWidth = w
		}
	}
	code := cli.Main(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}
