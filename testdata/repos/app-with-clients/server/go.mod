module example.com/notes/server

go 1.26

require (
	github.com/gin-gonic/gin v1.11.0
	github.com/jackc/pgx/v5 v5.7.6
)
