// Command specctl.
package main

func main() {}
