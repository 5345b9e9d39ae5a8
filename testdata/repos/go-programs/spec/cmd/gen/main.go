// Command gen.
package main

func main() {}
