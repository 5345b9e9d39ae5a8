// Command stacklint tells what backend stack a repository really runs on
// and where that stack fights the product it is meant to build.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/stacklint/stacklint/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTerminal: isTerminal(os.Stdout), StderrTerminal: isTerminal(os.Stderr)})
	stop()
	os.Exit(code)
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
