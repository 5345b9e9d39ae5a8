// Command billingctl.
package main

func main() {}
