import Config

config :ledger, Oban, testing: :manual
config :ledger, Ledger.Repo, pool: Ecto.Adapters.SQL.Sandbox
