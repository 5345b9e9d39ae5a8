class CreateTickets < ActiveRecord::Migration[7.1]
  def change
    create_table :tickets do |t|
      t.references :requester, null: false, foreign_key: { to_table: :users }
      t.string :subject, null: false
      t.text :body
      t.timestamps
    end
  end
end
