// Command migrate.
package main

func main() {}
