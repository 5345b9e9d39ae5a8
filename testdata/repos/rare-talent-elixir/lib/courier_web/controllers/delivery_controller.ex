defmodule CourierWeb.DeliveryController do
  use CourierWeb, :controller

  alias Courier.{Delivery, Repo}

  def show(conn, %{"code" => code}) do
    case Repo.get_by(Delivery, tracking_code: code) do
      nil -> send_resp(conn, 404, "")
      delivery -> json(conn, %{code: delivery.tracking_code, status: delivery.status})
    end
  end
end
