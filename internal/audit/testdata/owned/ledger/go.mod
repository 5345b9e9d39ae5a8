module example.com/ledger

go 1.24

require github.com/go-chi/chi/v5 v5.1.0
