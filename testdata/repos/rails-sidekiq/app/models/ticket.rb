class Ticket < ApplicationRecord
  belongs_to :requester, class_name: "User"
  validates :subject, presence: true
  after_create_commit { NotifyAgentsJob.perform_async(id) }
end
