rec { ]
