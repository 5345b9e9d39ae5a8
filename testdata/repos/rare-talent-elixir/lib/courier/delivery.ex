defmodule Courier.Delivery do
  use Ecto.Schema
  import Ecto.Changeset

  schema "deliveries" do
    field :tracking_code, :string
    field :status, Ecto.Enum, values: [:created, :picked_up, :delivered]
    timestamps(type: :utc_datetime)
  end

  def changeset(delivery, attrs) do
    delivery
    |> cast(attrs, [:tracking_code, :status])
    |> validate_required([:tracking_code])
    |> unique_constraint(:tracking_code)
  end
end
