import Config

config :ledger, Ledger.Repo, pool_size: 20
