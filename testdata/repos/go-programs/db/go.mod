module example.com/shop/db

go 1.24

require github.com/golang-migrate/migrate/v4 v4.18.1
