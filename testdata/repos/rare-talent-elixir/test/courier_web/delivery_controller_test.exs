defmodule CourierWeb.DeliveryControllerTest do
  use CourierWeb.ConnCase

  test "unknown code is 404", %{conn: conn} do
    assert conn |> get(~p"/api/deliveries/NOPE") |> response(404)
  end
end
