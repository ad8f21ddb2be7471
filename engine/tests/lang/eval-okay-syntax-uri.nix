[ http://example.org/foo?a=b x:y urn:isbn:0451450523 ]
