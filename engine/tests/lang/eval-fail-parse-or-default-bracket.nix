a.b or ]
