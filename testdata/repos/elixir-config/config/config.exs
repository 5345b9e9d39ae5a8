import Config

config :ledger, ecto_repos: [Ledger.Repo]

config :ledger, Ledger.Repo,
  adapter: Ecto.Adapters.Postgres,
  migration_primary_key: [type: :binary_id]

config :ledger, Oban,
  repo: Ledger.Repo,
  engine: Oban.Engines.Basic,
  queues: [default: 10, settlements: 5]

config :ledger, :redix, name: :ledger_cache

config :sentry, environment_name: config_env()

import_config "#{config_env()}.exs"
