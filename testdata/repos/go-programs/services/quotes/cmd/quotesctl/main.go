// Command quotesctl.
package main

func main() {}
