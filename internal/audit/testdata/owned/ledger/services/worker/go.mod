module example.com/ledger/worker

go 1.24
