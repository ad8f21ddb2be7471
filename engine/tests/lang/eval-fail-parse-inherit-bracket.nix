{ inherit ]
