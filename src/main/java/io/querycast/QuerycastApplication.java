package io.querycast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class QuerycastApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuerycastApplication.class, args);
    }
}
