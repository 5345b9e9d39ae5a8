package dart

import (
	"path"

	"github.com/stacklint/stacklint/internal/detect"
)

// maxWorkspaceDepth bounds how many folders above a workspace member are
// searched for its workspace root.
const maxWorkspaceDepth = 8

// workspaceLock finds the root of the pub workspace a member
// (`resolution: workspace`) belongs to, the nearest folder above it whose
// pubspec.yaml has a `workspace` list, and returns the path of that root's
// pubspec.lock and its resolved versions of non-SDK packages by name; ""
// and nil when there is no root or no readable lock. The lock is parsed
// once per scan.
func workspaceLock(in *detect.Input) (string, map[string]string) {
	if in.Files == nil {
		return "", nil
	}
	dir := path.Dir(in.Path)
	for i := 0; i < maxWorkspaceDepth && dir != "." && dir != "/" && dir != ""; i++ {
		dir = path.Dir(dir)
		data, err := in.Files.ReadFile(path.Join(dir, "pubspec.yaml"))
		if err != nil {
			continue
		}
		root, _ := parsePubspec(data)
		if root.members == nil {
			continue // a package above that is no workspace root
		}
		lockPath := path.Join(dir, "pubspec.lock")
		versions, _ := in.Memo.Do("dart:pubspec.lock:"+lockPath, func() any {
			data, err := in.Files.ReadFile(lockPath)
			if err != nil {
				return map[string]string(nil)
			}
			entries, _ := parseLock(data)
			out := map[string]string{}
			for _, e := range entries {
				if e.source != "sdk" && e.version != "" {
					out[e.name] = e.version
				}
			}
			return out
		}).(map[string]string)
		if versions == nil {
			return "", nil
		}
		return lockPath, versions
	}
	return "", nil
}
