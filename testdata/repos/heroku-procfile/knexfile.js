module.exports = {
  development: {
    client: "pg",
    connection: "postgres://localhost/shortener_dev",
  },
  production: {
    client: "pg",
    connection: { connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } },
    pool: { min: 2, max: 10 },
  },
};
