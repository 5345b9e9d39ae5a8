//go:build !unix

package source

// nonBlock is 0 where O_NONBLOCK does not exist; Open still refuses what
// is not a regular file once opened.
const nonBlock = 0
