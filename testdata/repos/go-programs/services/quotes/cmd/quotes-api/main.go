// Command quotes-api.
package main

func main() {}
