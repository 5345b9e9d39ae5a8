module example.com/shop/billing

go 1.24

require github.com/spf13/cobra v1.8.1
