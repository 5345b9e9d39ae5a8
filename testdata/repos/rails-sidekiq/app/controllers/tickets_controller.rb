class TicketsController < ApplicationController
  before_action :authenticate_user!

  def create
    @ticket = current_user.tickets.create!(params.require(:ticket).permit(:subject, :body))
    render json: @ticket, status: :created
  end
end
