<?php

namespace Tests\Feature;

use Tests\TestCase;

class BookingTest extends TestCase
{
    public function test_guests_cannot_book_without_a_token(): void
    {
        $this->postJson('/api/bookings', [])->assertUnauthorized();
    }
}
