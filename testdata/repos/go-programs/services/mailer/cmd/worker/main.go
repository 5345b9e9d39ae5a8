// Command worker.
package main

func main() {}
