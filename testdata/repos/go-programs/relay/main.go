// Command relay.
package main

func main() {}
