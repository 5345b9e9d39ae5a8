defmodule Courier.Repo.Migrations.CreateDeliveries do
  use Ecto.Migration

  def change do
    create table(:deliveries) do
      add :tracking_code, :string, null: false
      add :status, :string, null: false, default: "created"
      timestamps(type: :utc_datetime)
    end

    create unique_index(:deliveries, [:tracking_code])
  end
end
