#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# The Python example of ISPmanager's API guide, ported to Python 3 with the same calls (urlopen, minidom).
import os
import ssl
from urllib.request import urlopen
from xml.dom import minidom

print("Content-type: text/html\n\n")
res = urlopen(os.environ["ISP_URL"] + '/manager/ispmgr?func=wwwdomain&out=xml&authinfo=' + os.environ["ISP_AUTHINFO"],
              context=ssl._create_unverified_context())

# The res variable contains either the XML document with the list of WWW domains,
# or an error message

xmldoc = minidom.parse(res)

# Get the list of WWW domains and display its result

for node in xmldoc.getElementsByTagName('elem'):
    for name in node.getElementsByTagName('name'):
        print('%s<br>' % name.firstChild.nodeValue)
