package com.example.plant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The host application: nothing of plantflow is named here; the starter and application.properties do it all. */
@SpringBootApplication
public class PlantMisApplication {
    public static void main(String[] args) {
        SpringApplication.run(PlantMisApplication.class, args);
    }
}
