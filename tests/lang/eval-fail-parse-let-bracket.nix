let ]
