package com.acme.ledger

import org.springframework.kafka.annotation.KafkaListener
import org.springframework.stereotype.Component

@Component
class EntryListener(private val entries: EntryRepository) {
    @KafkaListener(topics = ["payments.settled"])
    fun onSettled(message: String) {
        entries.save(Entry.fromJson(message))
    }
}
