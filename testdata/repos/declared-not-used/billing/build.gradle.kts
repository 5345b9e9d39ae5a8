plugins {
    java
}

dependencies {
    implementation(platform("org.apache.kafka:kafka-clients:3.9.1"))
    implementation(enforcedPlatform("io.lettuce:lettuce-core:6.8.1.RELEASE"))
    implementation("org.springframework.boot:spring-boot-starter-web:3.5.6")
    implementation("org.flywaydb:flyway-core:11.13.2")
}
