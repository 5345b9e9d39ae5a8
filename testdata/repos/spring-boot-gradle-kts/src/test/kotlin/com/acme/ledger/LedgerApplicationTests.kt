package com.acme.ledger

import org.junit.jupiter.api.Test
import org.springframework.boot.test.context.SpringBootTest

@SpringBootTest
class LedgerApplicationTests {
    @Test
    fun contextLoads() {
    }
}
