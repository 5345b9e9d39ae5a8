package history

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// pgDriverName is a small database/sql driver over pgx's wire-protocol
// layer (pgconn): parameters and results travel as text, which is all the
// history's queries use. It keeps pgx's type system (and 4 MB) out of
// the binary.
const pgDriverName = "stacklint-pgconn"

func init() { sql.Register(pgDriverName, pgDriver{}) }

type pgDriver struct{}

func (pgDriver) Open(dsn string) (driver.Conn, error) {
	c, err := pgDriver{}.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

func (pgDriver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	return &pgConnector{cfg: cfg}, nil
}

type pgConnector struct{ cfg *pgconn.Config }

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	pc, err := pgconn.ConnectConfig(ctx, c.cfg)
	if err != nil {
		return nil, err
	}
	return &pgConn{c: pc}, nil
}

func (c *pgConnector) Driver() driver.Driver { return pgDriver{} }

type pgConn struct{ c *pgconn.PgConn }

var (
	_ driver.ExecerContext  = (*pgConn)(nil)
	_ driver.QueryerContext = (*pgConn)(nil)
	_ driver.ConnBeginTx    = (*pgConn)(nil)
	_ driver.Validator      = (*pgConn)(nil)
)

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return &pgStmt{c: c, query: query}, nil
}

func (c *pgConn) Close() error { return c.c.Close(context.Background()) }

func (c *pgConn) IsValid() bool { return !c.c.IsClosed() }

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly || opts.Isolation != driver.IsolationLevel(sql.LevelDefault) {
		return nil, errors.New("only default read-write transactions are supported")
	}
	if _, err := c.ExecContext(ctx, "BEGIN", nil); err != nil {
		return nil, err
	}
	return &pgTx{c: c}, nil
}

type pgTx struct{ c *pgConn }

func (t *pgTx) Commit() error {
	_, err := t.c.ExecContext(context.Background(), "COMMIT", nil)
	return err
}

func (t *pgTx) Rollback() error {
	_, err := t.c.ExecContext(context.Background(), "ROLLBACK", nil)
	return err
}

// params renders arguments as text (NULL for nil).
func params(args []driver.NamedValue) ([][]byte, error) {
	out := make([][]byte, len(args))
	for i, a := range args {
		switch v := a.Value.(type) {
		case nil:
		case string:
			out[i] = []byte(v)
		case []byte:
			out[i] = v
		case int64:
			out[i] = strconv.AppendInt(nil, v, 10)
		case float64:
			out[i] = strconv.AppendFloat(nil, v, 'g', -1, 64)
		case bool:
			out[i] = strconv.AppendBool(nil, v)
		case time.Time:
			out[i] = []byte(v.UTC().Format(time.RFC3339Nano))
		default:
			return nil, fmt.Errorf("parameter %d: unsupported type %T", i+1, v)
		}
	}
	return out, nil
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	p, err := params(args)
	if err != nil {
		return nil, err
	}
	res := c.c.ExecParams(ctx, query, p, nil, nil, nil).Read()
	if res.Err != nil {
		return nil, res.Err
	}
	return driver.RowsAffected(res.CommandTag.RowsAffected()), nil
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	p, err := params(args)
	if err != nil {
		return nil, err
	}
	res := c.c.ExecParams(ctx, query, p, nil, nil, nil).Read()
	if res.Err != nil {
		return nil, res.Err
	}
	cols := make([]string, len(res.FieldDescriptions))
	for i, f := range res.FieldDescriptions {
		cols[i] = f.Name
	}
	return &pgRows{cols: cols, rows: res.Rows}, nil
}

type pgStmt struct {
	c     *pgConn
	query string
}

func (s *pgStmt) Close() error  { return nil }
func (s *pgStmt) NumInput() int { return -1 }
func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.ExecContext(context.Background(), s.query, named(args))
}
func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.QueryContext(context.Background(), s.query, named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// pgRows hands out text values; database/sql converts them to the scan
// targets (integers, booleans "t"/"f", strings).
type pgRows struct {
	cols []string
	rows [][][]byte
	i    int
}

func (r *pgRows) Columns() []string { return r.cols }
func (r *pgRows) Close() error      { return nil }
func (r *pgRows) Next(dest []driver.Value) error {
	if r.i >= len(r.rows) {
		return io.EOF
	}
	for j, v := range r.rows[r.i] {
		if v == nil {
			dest[j] = nil
		} else {
			dest[j] = string(v)
		}
	}
	r.i++
	return nil
}
