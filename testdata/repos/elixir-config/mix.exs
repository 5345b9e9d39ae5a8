defmodule Ledger.MixProject do
  use Mix.Project

  def project do
    [
      app: :ledger,
      version: "0.4.0",
      elixir: "~> 1.18",
      deps: deps()
    ]
  end

  def application do
    [mod: {Ledger.Application, []}, extra_applications: [:logger]]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7.18"},
      {:ecto_sql, "~> 3.12"},
      {:postgrex, ">= 0.0.0"},
      {:oban, "~> 2.18"},
      {:sentry, "~> 10.8"},
      # brings Redix with it
      {:ledger_cache, path: "../ledger_cache"}
    ]
  end
end
