// Package source opens the trees stacklint scans as fs.FS values: a local
// folder confined to its root, and (later) a repository read through the
// GitHub API.
package source

import (
	"fmt"
	"io/fs"
	"os"
)

// Dir opens a local folder as an fs.FS that cannot be escaped: symbolic
// links pointing outside the folder fail to open (os.Root).
func Dir(path string) (fs.FS, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot scan %s: %w", path, unwrapPath(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("cannot scan %s: not a folder", path)
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, fmt.Errorf("cannot scan %s: %w", path, unwrapPath(err))
	}
	return root.FS(), nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
