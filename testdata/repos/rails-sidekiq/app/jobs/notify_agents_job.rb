class NotifyAgentsJob
  include Sidekiq::Job
  sidekiq_options queue: :critical

  def perform(ticket_id)
    ticket = Ticket.find(ticket_id)
    AgentMailer.new_ticket(ticket).deliver_now
  end
end
